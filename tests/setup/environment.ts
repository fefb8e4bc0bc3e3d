import "../../packages/core/src/runtime/polyfills";
import { storageReady } from "../../packages/core/src/storage/ready";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.LOG_LEVEL ??= "WARN"; // runtime/log.ts: no access line per request in test output

// Tests call core directly: the table's libraries are loaded once, as every entry does (storage/libraries.ts).
await storageReady();
