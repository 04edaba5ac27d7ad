/**
 * Facts about the tools this project is built and delivered with (not Google Cloud facts, which live in
 * src/catalog): the Terraform providers and CLI versions the stacks are pinned to, what Terraform 1.5
 * understands, and the cdktf CLI flags the wrappers pass on. Each carries its source.
 */
export * from './versions';
export * from './terraform-language';
export * from './cdktf-cli';
