import "@callboard/core/runtime/polyfills";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { configureStorage } from "@callboard/core/storage";
import { storageReady } from "@callboard/core/storage/ready";
import { runMigrations } from "@callboard/core/storage/migrations";
import { ensureTable } from "@callboard/core/storage/bootstrap";
import type { RequestCounter } from "@callboard/core/storage/client";
import { configureCallEventSink, configureManualCallSink, configureTelephony, configureTelephonyWebhooks, simulatorTelephony, useTelephony } from "@callboard/core/telephony";
import { withActor } from "@callboard/core/actor";
import { CallEngine, CallLists, configureCallListPorts } from "@callboard/core/call-lists";
import { createLocalRunner, type LocalRunnerOptions } from "../call-lists/local-runner";
import { Jobs } from "@callboard/core/jobs";
import { createLocalJobRunner, type LocalJobRunnerOptions } from "../jobs/local-runner";
import { Users } from "@callboard/core/users";
import { ContactTrash } from "@callboard/core/contacts";
import { compose } from "@callboard/core/compose";
import { createApiApp } from "../api/app";
import { configureTokenVerifier } from "../api/auth";
import { createIssuer } from "../auth/issuer";
import { securityHeaders } from "../security-headers";
import { LocalSetupError } from "./dynamodb-local";
import { startTelephonySimulator, type SimulatorRules, type TelephonySimulator } from "./telephony-simulator";
import { createOperatorVoice } from "./operator-voice";
import { LocalFileStore, useFiles } from "@callboard/core/files";
import { configureProviderRecordings, simulatorRecordings } from "@callboard/core/telephony";
import { startRecordingsSweep } from "@callboard/core/recordings";
import { localFileLinks, LOCAL_FILES_PATH } from "./local-file-links";
import { logger } from "../runtime/log";
import * as ClickToCall from "@callboard/core/calls/click-to-call";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const defaultWebRoot = join(repoRoot, "packages/web/dist");

export interface LocalHostOptions {
  dynamoEndpoint: string;
  tableName: string;
  /** 0 picks a free port. */
  port?: number;
  hostname?: string;
  webRoot?: string;
  /** Seeded on first start of an empty table; ignored when that email already exists. */
  admin?: { email: string; password: string };
  counter?: RequestCounter;
  /**
   * The telephony simulator, started on a free port with its webhook pointed at this host
   * (unless TELEPHONY_PROVIDER names another provider, or this is false).
   */
  simulator?: { rules?: SimulatorRules; ringSeconds?: number; noAnswerSeconds?: number; secret?: string; port?: number; connectDeadlineMs?: number } | false;
  /** The call-list engine's local runner (aws-local-stepfunctions on the extracted ASL). */
  engine?: LocalRunnerOptions & { dialGraceSeconds?: number };
  /** Background jobs (imports, exports), run in-process. */
  jobs?: LocalJobRunnerOptions;
  /**
   * The trash sweep (files of contacts whose 30 days in the trash ended), as AWS's daily
   * schedule runs it: first after `firstAfterMs`, then every `everyMs`. Off unless given.
   */
  trashSweep?: { firstAfterMs: number; everyMs: number };
}

export interface LocalHost {
  url: string;
  port: number;
  adminCreated: boolean;
  /** The running telephony simulator, when this host started one. */
  simulator?: TelephonySimulator;
  /** The in-process call-list runner. */
  engine: ReturnType<typeof createLocalRunner>;
  /** The in-process job runner. */
  jobs: ReturnType<typeof createLocalJobRunner>;
  stop(): Promise<void>;
}

/** Idle keep-alive connections are kept this long (Node's default is 5 s; see startLocalHost). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** OpenAuth's issuer lives at the root of its origin; these are its paths. */
const isIssuerPath = (path: string) =>
  path.startsWith("/.well-known/") || ["/authorize", "/token", "/userinfo"].includes(path) || path.startsWith("/password/");

function webApp(webRoot: string) {
  const app = new Hono();
  const index = join(webRoot, "index.html");
  // The console's policy, as CloudFront sends it on AWS (infra/web.ts).
  app.use("*", securityHeaders());
  app.use("/*", serveStatic({ root: webRoot }));
  // Single-page app: any other GET renders the console, which routes on the client.
  app.get("*", (c) => {
    if (!existsSync(index)) return c.text("The console is not built: run `npm run build:web` (npm start does this).", 503);
    return c.html(readFileSync(index, "utf8"));
  });
  return app;
}

/**
 * The same API and issuer code that runs on Lambda, on one Node HTTP server with the console.
 * Used by `npm start`, the browser tests and the benchmark.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  // The composition root of the local host: core's seams first; the ports follow below.
  compose();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.AWS_REGION ??= "us-east-1";
  // OpenAuth's DynamoDB storage signs requests with env credentials; DynamoDB Local accepts any.
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.TABLE_NAME = options.tableName;

  // The local host serves every kind of request at once: it loads the table's libraries up front.
  await storageReady();
  const storage = configureStorage({ tableName: options.tableName, endpoint: options.dynamoEndpoint, counter: options.counter });
  await ensureTable(storage.clients.raw, options.tableName);
  // Data kept in .data/ from an older version gets the rows newer code expects.
  await runMigrations((line) => logger.info(line));
  const seeded = options.admin ? await Users.ensureAdmin(options.admin) : undefined;

  const issuer = createIssuer({
    tableName: options.tableName,
    dynamoEndpoint: options.dynamoEndpoint,
    redirects: { clients: ["console", "bench", "cli"], redirectUris: [], allowLoopback: true },
  });
  const api = createApiApp();
  const web = webApp(options.webRoot ?? defaultWebRoot);
  // The push channel to operators' consoles (SSE) and the simulator's hang-up route.
  let simulator: TelephonySimulator | undefined;
  const operatorVoice = createOperatorVoice({ simulator: () => simulator });
  // Signed, expiring links to local files (call recordings): the local stand-in for S3 presigning.
  const fileLinksSecret = randomBytes(32).toString("hex");
  const fileLinks = localFileLinks(fileLinksSecret);

  // Requests that arrive before the token verifier knows the URL wait for it.
  const { promise: verifierReady, resolve: markVerifierReady } = Promise.withResolvers<void>();
  const fetchHandler = async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === "/v1" || path.startsWith("/v1/") || path === "/docs") {
      await verifierReady;
      if (operatorVoice.handles(path)) return operatorVoice.app.fetch(request);
      return api.fetch(request);
    }
    if (isIssuerPath(path)) return issuer.fetch(request);
    if (path.startsWith(`${LOCAL_FILES_PATH}/`)) return fileLinks.fetch(request);
    return web.fetch(request);
  };

  const hostname = options.hostname ?? "localhost";
  const server = await new Promise<ServerType>((resolvePromise, reject) => {
    // autoCleanupIncoming off: when an answer leaves before the body has arrived (a 404, a 401),
    // Hono's adapter gives the rest 500 ms and then closes the socket, so a slow uplink or a busy
    // event loop broke the next request on that keep-alive connection ("other side closed").
    // Node's own server reads the rest off the wire and keeps the connection (bounded by its
    // requestTimeout); the body limits drain what they refuse themselves.
    const instance = serve({ fetch: fetchHandler, port: options.port ?? 3000, hostname, autoCleanupIncoming: false }, () => resolvePromise(instance));
    instance.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new LocalSetupError(`Port ${options.port} is already in use (another \`npm start\`?): stop that process or run with PORT=<another port>.`));
      } else reject(error);
    });
  });
  // Node hangs up an idle keep-alive connection after 5 s, sooner than most clients stop reusing
  // theirs (Go 90 s, load balancers 60 s; undici trusts the Keep-Alive hint but its timer fires
  // late on a busy event loop): a request sent as the server hangs up fails with "other side
  // closed". The server must be the side that waits longer; headers must be allowed longer still.
  const httpServer = server as import("node:http").Server;
  httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  httpServer.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  // The API checks tokens against the issuer's keys; in-process, without a network hop.
  configureTokenVerifier({ issuer: url, fetch: (input, init) => Promise.resolve(issuer.fetch(new Request(input, init))) });
  markVerifierReady();
  const files = useFiles();
  if (files instanceof LocalFileStore) files.serveLinks({ baseUrl: `${url}${LOCAL_FILES_PATH}`, secret: fileLinksSecret });

  if (options.simulator !== false && (process.env.TELEPHONY_PROVIDER || "simulator") === "simulator") {
    const secret = options.simulator?.secret ?? process.env.SIMULATOR_SECRET ?? randomBytes(24).toString("hex");
    simulator = await startTelephonySimulator({
      webhookUrl: `${url}/v1/telephony/simulator/events`,
      secret,
      rules: options.simulator?.rules,
      ringSeconds: options.simulator?.ringSeconds,
      noAnswerSeconds: options.simulator?.noAnswerSeconds,
      port: options.simulator?.port,
      consoles: operatorVoice.push,
      connectDeadlineMs: options.simulator?.connectDeadlineMs,
    });
    configureTelephony(simulatorTelephony({ url: simulator.url, secret }));
    configureProviderRecordings("simulator", simulatorRecordings({ url: simulator.url, secret }));
    // Every local callback comes from one loopback address: allow a long list's worth per minute.
    configureTelephonyWebhooks({ simulatorSecret: secret, perAddressPerMinute: Number(process.env.TELEPHONY_WEBHOOK_LIMIT_PER_MINUTE || 60_000) });
  }

  // The call-list engine: same ASL as AWS, in-process; call events from the webhook drive it.
  const engine = createLocalRunner(options.engine);
  configureCallListPorts({
    runner: engine,
    // Resolved when a call is placed: a host without telephony still serves everything else.
    get telephony() {
      return useTelephony();
    },
    dialGraceSeconds: options.engine?.dialGraceSeconds,
  });
  configureCallEventSink((event) => withActor({ type: "system", reason: "telephony webhook" }, () => CallEngine.onCallEvent(event)));
  // Click-to-call's events (told apart by their call ID) go to the call log, never to the engine.
  configureManualCallSink((event) => withActor({ type: "system", reason: "telephony webhook" }, () => ClickToCall.onCallEvent(event)));
  // Lists that were running when the last process stopped (or crashed) carry on.
  await withActor({ type: "system", reason: "local host start" }, () => CallLists.resumeRunning());
  // Background jobs run in this process; those interrupted by the last stop carry on.
  const jobs = createLocalJobRunner(options.jobs);
  Jobs.configureJobRunner(jobs);
  await jobs.resumeUnfinished();
  const sweepTimers: NodeJS.Timeout[] = [];
  if (options.trashSweep) {
    const sweep = () => {
      void withActor({ type: "system", reason: "trash sweep schedule" }, () => ContactTrash.startTrashSweep()).catch((error: Error) => logger.warn("trash sweep not started", { error }));
      void withActor({ type: "system", reason: "recordings sweep schedule" }, () => startRecordingsSweep()).catch((error: Error) => logger.warn("recordings sweep not started", { error }));
    };
    sweepTimers.push(setTimeout(sweep, options.trashSweep.firstAfterMs).unref(), setInterval(sweep, options.trashSweep.everyMs).unref());
  }

  return {
    url,
    port,
    adminCreated: seeded?.created ?? false,
    simulator,
    engine,
    jobs,
    stop: async () => {
      sweepTimers.forEach(clearTimeout);
      engine.stop();
      jobs.stop();
      await simulator?.stop();
      operatorVoice.push.closeAll();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
