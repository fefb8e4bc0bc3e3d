/**
 * The call-list runner on AWS speaks the Step Functions JSON API itself (runtime/aws-json.ts):
 * what goes over the wire, and how the service's answers are read. `fetch` is the only stand-in
 * (Step Functions has no local engine reachable over this API; the ASL itself runs in
 * aws-local-stepfunctions in the workflow tests).
 */
import { describe, expect, it } from "vitest";
import { createStepFunctionsRunner } from "../../packages/functions/src/call-lists/sfn-runner";

const ARN = "arn:aws:states:eu-central-1:123456789012:stateMachine:engine";
type Sent = { url: string; headers: Record<string, string>; body: Record<string, unknown> };

function service(answer: (target: string, body: Record<string, unknown>) => { status: number; body: unknown }) {
  const sent: Sent[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    sent.push({ url: String(url), headers, body });
    const reply = answer(headers["x-amz-target"]!, body);
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { "content-type": "application/x-amz-json-1.0" } });
  }) as typeof globalThis.fetch;
  const runner = createStepFunctionsRunner(ARN, { credentials: async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token" }), fetch });
  return { runner, sent };
}
const fault = (type: string, message = "no") => ({ status: 400, body: { __type: `com.amazonaws.states#${type}`, message } });

describe("Step Functions runner", () => {
  it("starts the run's execution, named after the run, signed for the state machine's region", async () => {
    const { runner, sent } = service(() => ({ status: 200, body: { executionArn: "arn", startDate: 1 } }));
    const input = { runId: "01RUNRUNRUNRUNRUNRUNRUNRUN", listId: "L1" } as never;
    await runner.startExecution(input);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe("https://states.eu-central-1.amazonaws.com/");
    expect(sent[0]!.headers["x-amz-target"]).toBe("AWSStepFunctions.StartExecution");
    expect(sent[0]!.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(sent[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/states\/aws4_request, SignedHeaders=[^,]*x-amz-target/);
    expect(sent[0]!.headers["x-amz-security-token"]).toBe("token");
    expect(sent[0]!.body).toEqual({ stateMachineArn: ARN, name: "01RUNRUNRUNRUNRUNRUNRUNRUN", input: JSON.stringify(input) });
  });

  it("a run whose execution exists already is started (one engine per run); other faults are thrown with their type", async () => {
    await expect(service(() => fault("ExecutionAlreadyExists")).runner.startExecution({ runId: "R" } as never)).resolves.toBeUndefined();
    await expect(service(() => fault("StateMachineDoesNotExist", "gone")).runner.startExecution({ runId: "R" } as never)).rejects.toMatchObject({ name: "StateMachineDoesNotExist", status: 400, message: expect.stringContaining("gone") });
    await expect(service(() => ({ status: 500, body: {} })).runner.startExecution({ runId: "R" } as never)).rejects.toMatchObject({ status: 500 });
  });

  it("tells a running execution from a finished or unknown one", async () => {
    const running = service(() => ({ status: 200, body: { status: "RUNNING" } }));
    expect(await running.runner.isRunning("R1")).toBe(true);
    expect(running.sent[0]!.headers["x-amz-target"]).toBe("AWSStepFunctions.DescribeExecution");
    expect(running.sent[0]!.body).toEqual({ executionArn: "arn:aws:states:eu-central-1:123456789012:execution:engine:R1" });
    expect(await service(() => ({ status: 200, body: { status: "SUCCEEDED" } })).runner.isRunning("R1")).toBe(false);
    expect(await service(() => fault("ExecutionDoesNotExist")).runner.isRunning("R1")).toBe(false);
    await expect(service(() => fault("AccessDeniedException")).runner.isRunning("R1")).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  it("hands the engine its task result; a token that timed out or was used is no error", async () => {
    const ok = service(() => ({ status: 200, body: {} }));
    await ok.runner.sendTaskSuccess("token-1", { outcome: "answered" } as never);
    expect(ok.sent[0]!.headers["x-amz-target"]).toBe("AWSStepFunctions.SendTaskSuccess");
    expect(ok.sent[0]!.body).toEqual({ taskToken: "token-1", output: JSON.stringify({ outcome: "answered" }) });
    for (const type of ["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]) {
      await expect(service(() => fault(type)).runner.sendTaskSuccess("t", {} as never)).resolves.toBeUndefined();
    }
    await expect(service(() => fault("InvalidOutput")).runner.sendTaskSuccess("t", {} as never)).rejects.toMatchObject({ name: "InvalidOutput" });
  });
});
