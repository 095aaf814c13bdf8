export { canonicalJson, assertJson, NotJsonError, type JsonValue, type JsonPrimitive } from './canonical-json';
