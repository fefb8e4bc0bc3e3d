/**
 * The features behind the API's handlers, loaded on first use: a cold start loads the route table
 * and none of them (docs/architecture.md, "Cold start"). Three groups name what is inside:
 * - records: contacts, companies, timelines, users and the organization's settings, lists and jobs;
 * - calling: call lists and their engine, the call log, click-to-call, presence, recordings,
 *   reports and the telephony callbacks;
 * - intake: web forms, chat sources and inbound calls;
 * and file jobs (CSV import and export) apart, the largest and rarest.
 * The groups load together, by one dynamic import: each dynamic import is a split point, and the
 * bundler gives the code that split points share with the entry a chunk of its own per
 * combination. One loader per module made 60 files to load at start (each one a module to
 * resolve, read, compile and link: about 1 ms each); one split point for the features makes a
 * handful. The first request that needs any feature pays for all of them once (tests/infra/
 * lambda-bundle.test.ts, `npm run bench`).
 */
const features = () => import("./features");

export const loadRecords = async () => (await features()).Records;
export const loadCalling = async () => (await features()).Calling;
export const loadIntake = async () => (await features()).Intake;
/** CSV import and export engines (csv-parse, iconv-lite): their own split point, loaded by a file job or its preview. */
export const loadFileJobs = () => import("./file-jobs");
