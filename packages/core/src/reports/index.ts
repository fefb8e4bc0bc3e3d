export * as Reports from "./calls-report";
