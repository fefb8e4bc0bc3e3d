import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/** The files port: blobs by key (photos now, imports later). Adapters at the edge. */
export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or undefined when there is no such file. */
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}

const keyShape = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,500}$/;
function checkKey(key: string): string {
  if (!keyShape.test(key) || key.includes("..")) throw new Error(`Invalid file key: ${key}`);
  return key;
}

/** Files in a local folder (`npm start`, tests). */
export class LocalFileStore implements FileStore {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  private path(key: string): string {
    const path = resolve(join(this.root, checkKey(key)));
    if (!path.startsWith(this.root + sep)) throw new Error(`Invalid file key: ${key}`);
    return path;
  }
  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename would be atomic; a photo overwritten in place is acceptable locally.
    await writeFile(path, bytes);
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** Files in an S3 bucket (deployed stages; `FILES_BUCKET`). */
export class S3FileStore implements FileStore {
  constructor(
    private readonly bucket: string,
    private readonly client = new S3Client({}),
  ) {}
  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), Body: bytes, ContentType: contentType }));
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return object.Body ? await object.Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }
}

let current: FileStore | undefined;

export function configureFiles(store: FileStore): FileStore {
  current = store;
  return current;
}

/** S3 when `FILES_BUCKET` is set (Lambda), else `FILES_DIR` or `<DATA_DIR|.data>/files`. */
export function useFiles(): FileStore {
  if (current) return current;
  const bucket = process.env.FILES_BUCKET;
  if (bucket) return configureFiles(new S3FileStore(bucket));
  return configureFiles(new LocalFileStore(process.env.FILES_DIR || join(process.env.DATA_DIR || ".data", "files")));
}
