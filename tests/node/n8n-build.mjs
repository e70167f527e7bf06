// Runs @devlikeapro/n8n-openapi-node's N8NPropertiesBuilder on many documents
// in one process. Reads a JSON array of {doc, overrides} (or {path, overrides})
// from stdin and prints a JSON array: for each, the exact
// JSON.stringify(properties, null, 2) + "\n" text, or {error} when build() throws.
import { N8NPropertiesBuilder } from "@devlikeapro/n8n-openapi-node";
import YAML from "yaml";
import fs from "fs";

const silent = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child() { return silent; } };
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const results = input.map(({ doc, path, overrides }) => {
  try {
    const document = doc ?? (path.endsWith(".json") ? JSON.parse(fs.readFileSync(path, "utf8")) : YAML.parse(fs.readFileSync(path, "utf8")));
    const properties = new N8NPropertiesBuilder(document, { logger: silent }).build(overrides ?? []);
    return JSON.stringify(properties, null, 2) + "\n";
  } catch (error) {
    return { error: String(error) };
  }
});
process.stdout.write(JSON.stringify(results));
