export { setup as default } from './shared-platform';
