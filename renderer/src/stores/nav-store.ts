import { create } from 'zustand';
import { isRouteId, PAGES, type RouteId } from '../shell/pages';

interface Route {
  page: RouteId;
  /** What the route is about, e.g. the connection id of #/connection/<id>; null when none. */
  param: string | null;
}

/** The route named by the address's hash (#/page or #/page/param), so back/forward and reloads keep the place. */
export function routeFromHash(hash: string): Route {
  const [id = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (!isRouteId(id)) return { page: PAGES[0].id, param: null };
  const param = rest.length ? decodeURIComponent(rest.join('/')) : null;
  return { page: id, param: param || null };
}

/** The hash of a route. */
export function hashOf(page: RouteId, param: string | null = null): string {
  return param ? `#/${page}/${encodeURIComponent(param)}` : `#/${page}`;
}

interface NavState extends Route {
  go(page: RouteId, param?: string | null): void;
}

/** The current page and its parameter. */
export const useNav = create<NavState>((set) => ({
  ...routeFromHash(window.location.hash),
  go: (page, param = null) => {
    const hash = hashOf(page, param);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ page, param });
  },
}));

window.addEventListener('hashchange', () => useNav.setState(routeFromHash(window.location.hash)));
