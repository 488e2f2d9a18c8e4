// Set by global-setup.mjs for the whole run.
function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through jest (global setup)`);
  return v;
}

export const PG_ADMIN_URL = required('TEST_PG_URL');
export const REDIS_URL = required('TEST_REDIS_URL');
export const runId = () => required('CRM_TEST_RUN');

export function databaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export const templateDatabase = () => `crm_t_${runId()}_tpl`;
