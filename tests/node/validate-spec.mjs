// Validates OpenAPI documents with @apidevtools/swagger-parser (schema and
// references). Usage: node validate-spec.mjs FILE... ; prints one line per file
// and exits 1 when any is invalid.
import SwaggerParser from "@apidevtools/swagger-parser";

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    await SwaggerParser.validate(file);
    console.log(`valid: ${file}`);
  } catch (error) {
    failed = true;
    console.log(`invalid: ${file}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
