/**
 * Every GitHub REST operation Commonplace calls, by its OpenAPI operationId.
 * The pinned subset of GitHub's published description (subset.json) holds
 * exactly these, and the offline test server validates every request and
 * response against it. Calling an operation not listed here fails the tests.
 */
export const OPERATIONS = [
  'repos/get',
  'repos/get-content',
  'repos/create-commit-status',
  'repos/list-pull-requests-associated-with-commit',
  'pulls/get',
  'pulls/list',
  'pulls/list-files',
  'pulls/list-reviews',
  'pulls/create',
  'pulls/update',
  'issues/get',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/list-events',
  'git/get-ref',
  'git/create-ref',
  'git/update-ref',
  'git/get-commit',
  'git/get-tree',
  'git/create-commit',
  'git/create-tree',
  'git/create-blob',
  'repos/list-releases',
  'repos/create-release',
  'repos/update-release',
  'repos/delete-release',
  'repos/list-release-assets',
  'repos/get-release-asset',
  'repos/upload-release-asset',
  'repos/delete-release-asset',
] as const;

export type OperationId = (typeof OPERATIONS)[number];
