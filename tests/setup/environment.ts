import "../../packages/core/src/runtime/polyfills";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.LOG_LEVEL ??= "WARN"; // runtime/log.ts: no access line per request in test output
