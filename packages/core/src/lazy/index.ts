/**
 * What the API loads after its cold start, on first use (docs/architecture.md, "Cold start"): a
 * cold start loads the route table and none of this. Named groups say what is inside:
 * - records: contacts, companies, timelines, users and the organization's settings, lists and jobs;
 * - calling: call lists and their engine, the call log, click-to-call, presence, recordings,
 *   reports and the telephony callbacks;
 * - intake: web forms, chat sources and inbound calls;
 * - file jobs: the CSV import and export engines;
 * - the table's libraries (ElectroDB, the DynamoDB client, the phone parser) and entities, which
 *   storageReady() (storage/ready.ts) hands to core.
 * They load together, by one dynamic import. Each dynamic import is a split point, and the
 * bundler gives the code that split points share with the entry a chunk of its own per
 * combination of split points; every chunk is one more module a cold start resolves, reads,
 * compiles and links (about 0.5 ms each on a 2-core machine). One loader per module made 60 files
 * at start; one split point makes a handful (tests/infra/lambda-bundle.test.ts). The first request
 * that touches the table pays for all of it once (`npm run bench`: import + first card read).
 */
const features = () => import("./features");

export const loadRecords = async () => (await features()).Records;
export const loadCalling = async () => (await features()).Calling;
export const loadIntake = async () => (await features()).Intake;
export const loadFileJobs = async () => (await features()).FileJobs;
export const loadTableLibraries = async () => (await features()).TableLibraries;
