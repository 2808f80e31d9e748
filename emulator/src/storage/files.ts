/**
 * Where stored files live: in memory, or in durable mode as plain files under
 * `<dataDir>/storage/<cloudPath>` (browsable by hand). A durable write goes to a temporary file
 * that is fsync'ed and then renamed into place, so a crash never leaves a half-written file
 * where an acknowledged upload should be; the upload time is kept as the file's mtime.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, sep } from 'node:path';

export interface StoredFile {
  cloudPath: string;
  bytes: Buffer;
  /** Epoch ms by the emulator's clock. */
  uploadedAt: number;
}

export interface FileStore {
  put(cloudPath: string, bytes: Buffer, uploadedAt: number): void;
  get(cloudPath: string): StoredFile | undefined;
  has(cloudPath: string): boolean;
  /** True when the file existed. */
  delete(cloudPath: string): boolean;
  list(): Array<{ cloudPath: string; size: number; uploadedAt: number }>;
  clear(): void;
}

export class MemoryFileStore implements FileStore {
  private readonly files = new Map<string, StoredFile>();

  put(cloudPath: string, bytes: Buffer, uploadedAt: number): void {
    this.files.set(cloudPath, { cloudPath, bytes: Buffer.from(bytes), uploadedAt });
  }

  get(cloudPath: string): StoredFile | undefined {
    return this.files.get(cloudPath);
  }

  has(cloudPath: string): boolean {
    return this.files.has(cloudPath);
  }

  delete(cloudPath: string): boolean {
    return this.files.delete(cloudPath);
  }

  list(): Array<{ cloudPath: string; size: number; uploadedAt: number }> {
    return [...this.files.values()].map((file) => ({
      cloudPath: file.cloudPath,
      size: file.bytes.length,
      uploadedAt: file.uploadedAt,
    }));
  }

  clear(): void {
    this.files.clear();
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class DiskFileStore implements FileStore {
  /** Beside the files, not among them, so listings never show a file being written. */
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(dirname(root), '.storage-tmp');
  }

  private pathOf(cloudPath: string): string {
    return join(this.root, ...cloudPath.split('/'));
  }

  put(cloudPath: string, bytes: Buffer, uploadedAt: number): void {
    const target = this.pathOf(cloudPath);
    mkdirSync(dirname(target), { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
    const tmp = join(this.tmpDir, randomBytes(8).toString('hex'));
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const seconds = uploadedAt / 1000;
    utimesSync(tmp, seconds, seconds);
    renameSync(tmp, target);
    fsyncPath(dirname(target));
  }

  get(cloudPath: string): StoredFile | undefined {
    const path = this.pathOf(cloudPath);
    if (!this.has(cloudPath)) return undefined;
    return { cloudPath, bytes: readFileSync(path), uploadedAt: statSync(path).mtimeMs };
  }

  has(cloudPath: string): boolean {
    const path = this.pathOf(cloudPath);
    return existsSync(path) && statSync(path).isFile();
  }

  delete(cloudPath: string): boolean {
    if (!this.has(cloudPath)) return false;
    rmSync(this.pathOf(cloudPath));
    // Empty folders are removed too, so the folder shows exactly the stored files.
    for (
      let dir = dirname(this.pathOf(cloudPath));
      dir !== this.root && dir.startsWith(this.root + sep);
      dir = dirname(dir)
    ) {
      if (readdirSync(dir).length > 0) break;
      rmdirSync(dir);
    }
    return true;
  }

  list(): Array<{ cloudPath: string; size: number; uploadedAt: number }> {
    const found: Array<{ cloudPath: string; size: number; uploadedAt: number }> = [];
    // A hand-written walk: readdir's `recursive` option needs Node 20, the platform offers 18 too.
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile()) {
          const stat = statSync(path);
          found.push({
            cloudPath: relative(this.root, path).split(sep).join('/'),
            size: stat.size,
            uploadedAt: stat.mtimeMs,
          });
        }
      }
    };
    if (existsSync(this.root)) walk(this.root);
    return found;
  }

  clear(): void {
    rmSync(this.root, { recursive: true, force: true });
    rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
