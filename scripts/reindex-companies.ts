/**
 * `TABLE_NAME=… [DYNAMODB_ENDPOINT=http://localhost:8005] npx tsx scripts/reindex-companies.ts`:
 * writes the company list/search index rows of companies created before they existed (see
 * packages/core/src/companies/reindex.ts). Idempotent; run once per table after deploying.
 */
import { reindexCompanies } from "../packages/core/src/companies/reindex";

const result = await reindexCompanies();
console.log(`Companies indexed: ${result.indexed}; changed meanwhile (already indexed): ${result.changedMeanwhile}; too big for one transaction: ${result.tooBig.join(", ") || "none"}`);
