import { handle } from "hono/aws-lambda";
import { configurePortsFromEnv } from "../call-lists/ports-from-env";
import { createApiApp } from "./app";

configurePortsFromEnv();

export const handler = handle(createApiApp());
