import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ImportException } from './import.exception.js';

/**
 * The upload limit of an import, on its route only (the JSON body limit of every other route
 * stays 1 MB): a 100,000-row register is ~9 MB as .xlsx and ~17 MB as CSV.
 */
export const IMPORT_FILE_LIMIT_BYTES = 50 * 1024 * 1024;

export interface Upload {
  filename: string;
  mimetype: string;
  content: Buffer;
}

// errors @fastify/multipart raises for a form that breaks its limits or is cut short
const CLIENT_ERRORS = new Set([
  'FST_PARTS_LIMIT',
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_PROTO_VIOLATION',
  'FST_MP_PREMATURE_CLOSE',
  'FST_INVALID_JSON_FIELD_ERROR',
]);

/**
 * The file of a multipart/form-data request, from its part named `file` (one file, a few text
 * fields at most), read into memory up to IMPORT_FILE_LIMIT_BYTES.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw ImportException.notMultipart();
  let upload: Upload | undefined;
  try {
    const parts = request.parts({
      limits: { fileSize: IMPORT_FILE_LIMIT_BYTES, files: 1, fields: 10, parts: 11 },
    });
    for await (const part of parts) {
      if (part.type !== 'file') continue;
      const file: MultipartFile = part;
      const content = await file.toBuffer();
      if (file.fieldname === 'file') {
        // the name as the user knows it (import records keep up to 300 characters of it)
        const filename = (file.filename.split(/[\\/]/).pop() ?? '').slice(-300) || 'upload';
        upload = { filename, mimetype: file.mimetype, content };
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw ImportException.tooLarge(IMPORT_FILE_LIMIT_BYTES);
    if (CLIENT_ERRORS.has(code)) throw ImportException.malformed((error as Error).message);
    // @fastify/busboy's own errors carry no code: a missing boundary, a body cut short
    const message = (error as Error).message ?? '';
    if (/multipart|boundary|unexpected end/i.test(message)) {
      throw ImportException.malformed(`The body is not valid multipart/form-data: ${message}`);
    }
    throw error;
  }
  if (!upload) throw ImportException.fileMissing();
  return upload;
}
