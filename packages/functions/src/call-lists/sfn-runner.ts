import type { CallListRunner } from "@callboard/core/call-lists";
import { AwsServiceError, createAwsJsonClient, type AwsJsonClientOptions } from "../runtime/aws-json";

const failedWith = (error: unknown, names: string[]) => error instanceof AwsServiceError && names.includes(error.name);

/**
 * The call-list runner on AWS: Step Functions Standard, execution named after the run. Three
 * calls over the Step Functions JSON API (runtime/aws-json.ts) rather than its SDK client.
 */
export function createStepFunctionsRunner(stateMachineArn: string, options: Omit<AwsJsonClientOptions, "service" | "targetPrefix"> = {}): CallListRunner {
  const states = createAwsJsonClient({ service: "states", targetPrefix: "AWSStepFunctions", region: stateMachineArn.split(":")[3], ...options });
  return {
    async startExecution(input) {
      try {
        await states.call("StartExecution", { stateMachineArn, name: input.runId, input: JSON.stringify(input) });
      } catch (error) {
        // Same name: that execution is (or was) the run's one engine.
        if (!failedWith(error, ["ExecutionAlreadyExists"])) throw error;
      }
    },
    async isRunning(runId) {
      const executionArn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${runId}`;
      try {
        const execution = await states.call<{ status?: string }>("DescribeExecution", { executionArn });
        return execution.status === "RUNNING";
      } catch (error) {
        if (failedWith(error, ["ExecutionDoesNotExist"])) return false;
        throw error;
      }
    },
    async sendTaskSuccess(taskToken, output) {
      try {
        await states.call("SendTaskSuccess", { taskToken, output: JSON.stringify(output) });
      } catch (error) {
        // A token that timed out or was completed already: the engine has moved on.
        if (!failedWith(error, ["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"])) throw error;
      }
    },
  };
}
