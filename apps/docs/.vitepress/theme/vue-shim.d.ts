// .vue files are compiled by VitePress; tsc (no vue-tsc here) sees them as components.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
