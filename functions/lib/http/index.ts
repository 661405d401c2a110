export { type ApiHandlerOptions, type ApiLambdaHandler, type ApiStep, apiHandler } from './api-handler.js';
export { HttpError } from './errors.js';
export { header, jsonBody, requestBody } from './request-body.js';
export { jsonResponse } from './response.js';
