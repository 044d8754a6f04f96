// npm run api:types – rewrites lib/api/contract/openapi-types.ts from the API's OpenAPI document
// (the same document both mounts serve; the servers entry does not reach the types).
import { writeFileSync } from "node:fs";
import { openApiDocument } from "../lib/api/app";
import { API_TYPES_FILE, apiTypesSource } from "../lib/api/contract/api-types";

writeFileSync(API_TYPES_FILE, await apiTypesSource(openApiDocument("/api/v1")));
console.log(`Wrote ${API_TYPES_FILE}.`);
