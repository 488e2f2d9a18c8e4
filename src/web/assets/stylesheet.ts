// The one stylesheet of the staff application, served from the same origin (/assets/app-<hash>.css).
// Kept as a TypeScript string so the build needs no asset copying. Colours: text #1b1b1b and the
// blue #00347a on white are above 7:1; the error red #b00020 is above 6:1 (WCAG AA needs 4.5:1).
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;
  line-height:1.5;color:#1b1b1b;background:#f3f4f6}
a{color:#00347a;text-underline-offset:.15em}
a:hover{color:#001c42}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px;box-shadow:0 0 0 5px #1b1b1b}
.skip{position:absolute;left:-9999px;top:0;z-index:10;background:#fff;color:#00347a;padding:.5rem 1rem}
.skip:focus{left:1rem;top:.5rem}
.site-header{background:#00347a;color:#fff}
.site-header a,.site-header button.link{color:#fff}
.bar{max-width:72rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}
.brand{font-weight:700;font-size:1.125rem;text-decoration:none;margin-right:auto}
.who{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;font-size:.9375rem}
.who form{margin:0}
.main-nav{background:#002a61}
.main-nav ul{list-style:none;margin:0 auto;padding:0 .5rem;max-width:72rem;display:flex;flex-wrap:wrap}
.main-nav a{display:block;padding:.625rem .375rem;font-size:.9375rem;color:#fff;text-decoration:none;border-bottom:4px solid transparent}
.main-nav a[aria-current="page"]{border-bottom-color:#fff;font-weight:700}
.main-nav a:hover{text-decoration:underline}
.contents{border-left:4px solid #00347a;padding:.25rem 0 .25rem 1rem;margin:1rem 0}
.contents h3{margin:0 0 .25rem;font-size:1rem}
.contents ul{margin:0;padding-left:1.25rem}
main{display:block;max-width:72rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.3125rem;line-height:1.25;margin:1.75rem 0 .75rem}
h3{font-size:1.125rem;margin:1.25rem 0 .5rem}
.panel{background:#fff;border:1px solid #d0d4da;border-radius:4px;padding:1rem;margin:0 0 1rem}
.muted{color:#4a4f57}
.flash{border-left:6px solid #00703c;background:#fff;padding:.75rem 1rem;margin:0 0 1rem}
.flash-info{border-color:#00347a}
.flash-error{border-color:#b00020}
.error-summary{border:4px solid #b00020;background:#fff;padding:1rem;margin:0 0 1.5rem}
.error-summary h2{margin:0 0 .5rem;font-size:1.1875rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#b00020;font-weight:700}
.field{margin:0 0 1.25rem}
.field.has-error{border-left:4px solid #b00020;padding-left:.75rem}
label,legend{display:block;font-weight:700;margin:0 0 .25rem}
.hint{display:block;color:#4a4f57;margin:0 0 .25rem;font-weight:400}
.error-message{display:block;color:#b00020;font-weight:700;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=number],
input[type=date],input[type=datetime-local],input[type=tel],input[type=url],select,textarea{
  font:inherit;width:100%;max-width:36rem;padding:.4rem .5rem;border:2px solid #1b1b1b;border-radius:0;background:#fff;color:#1b1b1b}
textarea{min-height:6rem}
.has-error input,.has-error select,.has-error textarea{border-color:#b00020}
fieldset{border:0;padding:0;margin:0 0 1.25rem;min-width:0}
legend{font-size:1.0625rem}
.choices{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.choice{display:flex;align-items:center;gap:.4rem;font-weight:400;margin:0}
.choice input{width:1.25rem;height:1.25rem;margin:0}
.button,button{font:inherit;font-weight:700;display:inline-block;padding:.5rem 1rem;border:2px solid #00703c;
  border-radius:0;background:#00703c;color:#fff;cursor:pointer;text-decoration:none;line-height:1.4}
.button:hover,button:hover{background:#005a30;color:#fff}
.button.secondary,button.secondary{background:#fff;color:#00347a;border-color:#00347a}
.button.warning,button.warning{background:#b00020;border-color:#b00020}
button.link{background:none;border:0;padding:0;font-weight:400;text-decoration:underline;color:#00347a}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0}
table{border-collapse:collapse;width:100%;background:#fff}
caption{text-align:left;font-weight:700;padding:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #d0d4da}
th{background:#eef0f3}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto;margin:0 0 1rem;position:relative}
.chart{margin:0 0 1.5rem}
.chart figcaption{font-weight:700;margin:0 0 .5rem}
.chart-svg svg{display:block;max-width:100%;height:auto;background:#fff;color:#1b1b1b;font-size:13px}
@media (min-width:60rem){.chart-body{display:grid;grid-template-columns:3fr 2fr;gap:1rem;align-items:start}}
.chart-legend{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.chart-legend li{display:flex;align-items:center;gap:.35rem}
.inline-form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0}
.inline-form select{width:auto}
ul.plain{list-style:none;margin:0;padding:0}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.875rem;font-weight:700;background:#eef0f3;color:#1b1b1b;border:1px solid #6b7280}
.badge-danger{background:#fde7ea;color:#8a0019;border-color:#8a0019}
.badge-warning{background:#fff4e0;color:#6b3f00;border-color:#6b3f00}
.badge-ok{background:#e6f4ea;color:#00502a;border-color:#00502a}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.cards>li{background:#fff;border:1px solid #d0d4da;border-radius:4px;padding:.75rem 1rem}
.cards h3{margin:0 0 .25rem;font-size:1.0625rem}
.cards p{margin:.125rem 0}
.grid{display:grid;gap:1rem}
@media (min-width:60rem){.grid-2{grid-template-columns:1fr 1fr}.grid-3{grid-template-columns:2fr 1fr}}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.summary dt{font-weight:700}
dl.summary dd{margin:0;overflow-wrap:anywhere}
[hidden]{display:none!important}
.copy-source{max-width:none!important;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.875rem}
.prewrap{white-space:pre-wrap;overflow-wrap:anywhere}
.inline-form{display:inline-block;margin:0 .75rem .75rem 0}
.actions-inline{display:flex;flex-wrap:wrap;gap:.25rem .75rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:40rem){
  h1{font-size:1.5rem}
  dl.summary{grid-template-columns:1fr}
  dl.summary dd{margin-bottom:.5rem}
  .bar{padding:.5rem .75rem}
  main{padding:1rem .75rem 2rem}
}
@media print{@page{size:A4;margin:15mm}.site-header,.main-nav,.skip,form,.no-print{display:none}.report-action{break-inside:avoid-page}body{background:#fff}}
`;
