// The config `nsproxy run` finds when it runs in this directory (or below):
// it adds the hostid type's scenario area to the built-in ones.
import { defineConfig } from 'nsproxy';
import { hostidArea } from './hostid-scenario.ts';

export default defineConfig({ areas: [hostidArea] });
