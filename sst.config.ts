import type { SSTConfig } from "sst";
import { Alarms } from "./infra/alarms";
import { Api } from "./infra/api";
import { Auth } from "./infra/auth";
import { CallLists } from "./infra/call-lists";
import { Jobs } from "./infra/jobs";
import { applyAppNagSuppressions } from "./infra/nag";
import { applyStageRules, defaultFunctionProps } from "./infra/stage";
import { Storage } from "./infra/storage";
import { Web } from "./infra/web";

export default {
  config() {
    return {
      name: "callboard",
      region: process.env.AWS_REGION ?? "eu-central-1",
    };
  },
  stacks(app) {
    applyStageRules(app);
    app.setDefaultFunctionProps(defaultFunctionProps(app.stage));
    app.stack(Storage).stack(Auth).stack(Jobs).stack(Api).stack(CallLists).stack(Web).stack(Alarms);
    // cdk-nag suppressions, each with its reason (tests/infra/operability.test.ts runs the checks).
    applyAppNagSuppressions(app);
  },
} satisfies SSTConfig;
