import { create } from 'zustand';
import { isPageId, PAGES, type PageId } from '../shell/pages';

/** The page named by the address's hash, so back/forward and reloads keep the place. */
function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return isPageId(id) ? id : PAGES[0].id;
}

interface NavState {
  page: PageId;
  go(page: PageId): void;
}

/** The current page. */
export const useNav = create<NavState>((set) => ({
  page: pageFromHash(window.location.hash),
  go: (page) => {
    if (window.location.hash !== `#/${page}`) window.location.hash = `#/${page}`;
    set({ page });
  },
}));

window.addEventListener('hashchange', () => useNav.setState({ page: pageFromHash(window.location.hash) }));
