/** The default theme, plus the playground component (used in docs/playground.md inside <ClientOnly>). */
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { defineAsyncComponent } from 'vue';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    // Loaded on the playground page only: xterm and the simulated machine stay out of the other pages.
    app.component('NsPlayground', defineAsyncComponent(() => import('./Playground.vue')));
  },
};

export default theme;
