export { dynamoDocumentClient, s3Client } from './clients.js';
