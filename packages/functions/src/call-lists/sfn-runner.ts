import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { CallListRunner } from "@callboard/core/call-lists";

/** The call-list runner on AWS: Step Functions Standard, execution named after the run. */
export function createStepFunctionsRunner(stateMachineArn: string, client = new SFNClient({})): CallListRunner {
  return {
    async startExecution(input) {
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name: input.runId, input: JSON.stringify(input) }));
      } catch (error) {
        // Same name: that execution is (or was) the run's one engine.
        if ((error as Error).name !== "ExecutionAlreadyExists") throw error;
      }
    },
    async isRunning(runId) {
      const executionArn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${runId}`;
      try {
        const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
        return execution.status === "RUNNING";
      } catch (error) {
        if ((error as Error).name === "ExecutionDoesNotExist") return false;
        throw error;
      }
    },
    async sendTaskSuccess(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      } catch (error) {
        // A token that timed out or was completed already: the engine has moved on.
        if (!["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"].includes((error as Error).name)) throw error;
      }
    },
  };
}
