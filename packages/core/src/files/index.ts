export { configureFiles, useFiles, LocalFileStore, S3FileStore, type FileStore } from "./files";
