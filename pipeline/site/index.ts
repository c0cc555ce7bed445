export { buildSite, type SiteBuildResult } from './build.ts';
export { loadSiteView } from './load.ts';
export { buildSiteView, type SiteView } from './view-model.ts';
export { serveStatic } from './static-server.ts';
