/**
 * `ExpressionAttributeNames` for the attributes an expression uses, each as `#<name>`. Every
 * name goes through one because `count`, `key`, `start`, `end`, `window` and `text` are DynamoDB
 * reserved words; DynamoDB refuses names an expression does not use, so each caller lists its own.
 * Typed against the item interface, so a renamed attribute fails to compile here.
 */
export function expressionNames<Item>(...attributes: (keyof Item & string)[]): Record<string, string> {
  return Object.fromEntries(attributes.map((name) => [`#${name}`, name]));
}
