import { handle } from "hono/aws-lambda";
import { createApiApp } from "./app";

export const handler = handle(createApiApp());
