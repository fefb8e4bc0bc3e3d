/**
 * `TABLE_NAME=… [DYNAMODB_ENDPOINT=http://localhost:8005] npx tsx scripts/rekey-companies.ts`:
 * moves company rows to the sort key of the company card collection (see
 * packages/core/src/companies/rekey.ts). Idempotent; run once per table after deploying.
 */
import { rekeyCompanyRows } from "../packages/core/src/companies/rekey";

const { moved } = await rekeyCompanyRows();
console.log(`Company rows moved to the company card collection: ${moved}`);
