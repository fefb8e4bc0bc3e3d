export { configureFiles, useFiles, LocalFileStore, S3FileStore, verifyLocalFileLink, type FileStore, type LocalFileLinks } from "./files";
