// The call log, call lists (entries, script, operators, dispositions) and the operator's current, inbound and next call.
import { done, ok } from "./responses";
import { client, pageQuery, type Page } from "./typed-client";
import type { ActiveCall, CallPage, CallRecord, CallEntryPage, CallList, CallListPage, CreateCallListInput, CreatedCallList, InboundCall, ListCallsQuery, DispositionInput } from "./types";

export const callsApi = {
  /** The call log, newest first: by one of contactId, companyId, operatorId or listId (none: your own), within from/to. */
  async listCalls(query: ListCallsQuery): Promise<CallPage> {
    return ok(await client.calls.$get({ query }));
  },

  /** One call of the log (404 when you may not see it). */
  async getCall(callId: string): Promise<CallRecord> {
    return ok(await client.calls[":callId"].$get({ param: { callId } }));
  },

  async listCallLists(page: Page): Promise<CallListPage> {
    return ok(await client["call-lists"].$get({ query: pageQuery(page) }));
  },

  async getCallList(listId: string): Promise<CallList> {
    return ok(await client["call-lists"][":listId"].$get({ param: { listId } }));
  },

  async createCallList(input: CreateCallListInput): Promise<CreatedCallList> {
    return ok(await client["call-lists"].$post({ json: input }));
  },

  async callListEntries(listId: string, page: Page): Promise<CallEntryPage> {
    return ok(await client["call-lists"][":listId"].entries.$get({ param: { listId }, query: pageQuery(page) }));
  },

  /** `script: null` removes the list's call script. */
  async setCallListScript(listId: string, script: string | null): Promise<CallList> {
    return ok(await client["call-lists"][":listId"].$patch({ param: { listId }, json: { settings: { script } } }));
  },

  async setCallListOperators(listId: string, operatorIds: string[]): Promise<CallList> {
    return ok(await client["call-lists"][":listId"].operators.$put({ param: { listId }, json: { operatorIds } }));
  },

  async callListAction(listId: string, action: "start" | "pause" | "resume" | "cancel"): Promise<CallList> {
    const route = client["call-lists"][":listId"];
    return ok(await route[action].$post({ param: { listId } }));
  },

  async dispose(listId: string, entryId: string, input: DispositionInput) {
    return ok(await client["call-lists"][":listId"].entries[":entryId"].disposition.$post({ param: { listId, entryId }, json: input }));
  },

  /** The answered inbound call waiting on this user's screen, if any. */
  async inboundCall(): Promise<InboundCall | null> {
    return (await ok(await client.operator["inbound-call"].$get())).inboundCall;
  },

  async dismissInboundCall(callKey: string): Promise<void> {
    return done(await client.operator["inbound-call"][":callKey"].dismiss.$post({ param: { callKey } }));
  },

  async activeCall(): Promise<ActiveCall | null> {
    return (await ok(await client.operator["active-call"].$get())).activeCall;
  },

  /** Between calls: when the operator's running lists next have an entry due. */
  async nextCall() {
    return ok(await client.operator["next-call"].$get());
  },
};
