// The few lines of JavaScript of the staff application, served from the same origin
// (/assets/app-<hash>.js). Every page works without it; it only makes things smoother:
// - forms marked data-live submit themselves (GET) as the user types, after a short pause,
//   and replace the element named by data-live with the one from the answer;
// - buttons marked data-copy="<input id>" (hidden without JavaScript) copy that field's text
//   and say so in the page's status region;
// - an element marked data-refresh="<ms>" (a background import's progress) is fetched again
//   after that delay and replaced, until the page no longer has it: then the page's <main> is
//   replaced by the fresh one (the finished report).
export const SCRIPT = `(function(){
'use strict';
function live(form){
  var target=form.getAttribute('data-live');var timer=null;var seq=0;
  function run(){
    var url=form.action.split('?')[0]+'?'+new URLSearchParams(new FormData(form)).toString();
    var mine=++seq;
    fetch(url,{headers:{'X-Requested-With':'fetch'},credentials:'same-origin'}).then(function(r){return r.text();}).then(function(html){
      if(mine!==seq)return;
      var doc=new DOMParser().parseFromString(html,'text/html');
      var fresh=doc.getElementById(target);var old=document.getElementById(target);
      if(fresh&&old){old.replaceWith(fresh);history.replaceState(null,'',url);}
    }).catch(function(){});
  }
  form.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,200);});
  form.addEventListener('change',function(e){if(e.target.tagName==='SELECT'||e.target.type==='checkbox'){clearTimeout(timer);run();}});
}
document.querySelectorAll('form[data-live]').forEach(live);
function copy(button){
  var field=document.getElementById(button.getAttribute('data-copy'));if(!field)return;
  var status=button.parentNode.querySelector('[role=status]');
  function said(text){if(status)status.textContent=text;}
  button.hidden=false;
  button.addEventListener('click',function(){
    field.select();
    var done=function(){said('Lien copié.');};
    var failed=function(){said('La copie n’a pas fonctionné : le lien est sélectionné, copiez-le avec Ctrl+C.');};
    if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(field.value).then(done,failed);
    else{try{document.execCommand('copy')?done():failed();}catch(e){failed();}}
  });
}
document.querySelectorAll('button[data-copy]').forEach(copy);
function refresh(el){
  var id=el.id;var every=Number(el.getAttribute('data-refresh'))||2000;
  function tick(){
    fetch(location.href,{headers:{'X-Requested-With':'fetch'},credentials:'same-origin'}).then(function(r){return r.text();}).then(function(html){
      var doc=new DOMParser().parseFromString(html,'text/html');
      var fresh=doc.getElementById(id);var old=document.getElementById(id);
      if(fresh&&old&&fresh.hasAttribute('data-refresh')){old.replaceWith(fresh);setTimeout(tick,every);return;}
      var main=doc.querySelector('main');var here=document.querySelector('main');
      if(main&&here){here.replaceWith(main);document.title=doc.title;}
    }).catch(function(){setTimeout(tick,every*2);});
  }
  setTimeout(tick,every);
}
document.querySelectorAll('[data-refresh]').forEach(refresh);
})();`;
