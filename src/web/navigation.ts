import { hasRole } from '../auth/auth.decorators.js';
import type { Role } from '../common/vocabulary.js';

export interface NavItem {
  href: string;
  label: string;
  /** The least role that sees the entry (adviser < manager < admin), as the page's own guard. */
  minRole: Role;
}

// One line per area, in the order of the menu. An area adds its line when its pages exist.
// Personal settings (the calendar link) sit beside the user's name in the header instead: the
// menu of an admin must hold on one line at 1280 px.
export const NAVIGATION: NavItem[] = [
  { href: '/', label: 'Ma journée', minRole: 'adviser' },
  { href: '/employers', label: 'Entreprises', minRole: 'adviser' },
  { href: '/prospects', label: 'Prospects', minRole: 'adviser' },
  { href: '/job-offers', label: 'Offres', minRole: 'adviser' },
  { href: '/young-people', label: 'Jeunes', minRole: 'adviser' },
  { href: '/events', label: 'Événements', minRole: 'adviser' },
  { href: '/survey-campaigns', label: 'Enquête', minRole: 'manager' },
  { href: '/indicators', label: 'Indicateurs', minRole: 'manager' },
  { href: '/reports/annual', label: 'Bilan annuel', minRole: 'manager' },
  { href: '/import-export', label: 'Import et export', minRole: 'manager' },
  { href: '/admin/follow-up-plans', label: 'Plans de suivi', minRole: 'manager' },
  { href: '/admin/users', label: 'Comptes', minRole: 'admin' },
];

export function navigationFor(role: Role): NavItem[] {
  return NAVIGATION.filter((item) => hasRole({ role }, item.minRole));
}

/** The entry a path belongs to: `/employers/123` is under "Entreprises", `/` only matches itself. */
export function isCurrent(item: NavItem, path: string): boolean {
  if (item.href === '/') return path === '/';
  return path === item.href || path.startsWith(`${item.href}/`);
}
