export { LocalApiError, MalformedPathError, PayloadTooLargeError, RequestRefusedError } from './errors.js';
export { type HttpApiEventV2, toHttpApiEvent } from './http-api-event.js';
export { requestPath } from './request-target.js';
export { compileRoute } from './routes.js';
export { type ApiFunction, type LocalApi, startLocalApi } from './server.js';
export { contentTypeOf, type StaticFileResponse, type StaticFiles, staticFileFor } from './static-files.js';
