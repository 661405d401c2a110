export { SecretConfigError, SecretError, SecretFetchError } from './errors.js';
export {
  clearSecretCache,
  type GetSecretOptions,
  getSecret,
  getSecretJson,
  SECRET_TTL_MS,
  type SecretsManagerLike,
} from './secrets.js';
