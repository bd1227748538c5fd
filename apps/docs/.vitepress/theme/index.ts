/** The default theme, plus the playground component (used in docs/playground.md inside <ClientOnly>). */
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { defineAsyncComponent } from 'vue';
import './custom.css';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    // Loaded on the playground page only: xterm and the simulated machine stay out of the other pages.
    app.component('NsPlayground', defineAsyncComponent(() => import('./Playground.vue')));
    // Opened on the playground itself: fetch the component and the machine (xterm, the shell, the model) while the page
    // hydrates, not once the component has mounted, so the first prompt comes sooner (the imports are the same modules).
    if (typeof window !== 'undefined' && /\/playground(\.html)?$/.test(window.location.pathname)) {
      void import('./Playground.vue');
      void import('./playground.ts');
    }
  },
};

export default theme;
