import { CommonErrorCode, type FieldError } from '../common/errors/error-code.js';
import { DomainException } from '../common/errors/domain.exception.js';
import type { ImportRowError } from './project-import.entity.js';

/** Codes of the refusals specific to imports (the common ones come from CommonErrorCode). */
export enum ImportErrorCode {
  /** Rows (or the header) of the file are wrong: nothing was imported; details say where. */
  RowsInvalid = 'IMPORT_ROWS_INVALID',
  /** The request is not multipart/form-data, or its body is not well-formed multipart. */
  MalformedUpload = 'MALFORMED_UPLOAD',
  /** No `file` part in the form. */
  FileMissing = 'FILE_MISSING',
  /** The file cannot be read as the format its name says. */
  FileUnreadable = 'FILE_UNREADABLE',
  /** The file is over the upload limit. */
  FileTooLarge = 'FILE_TOO_LARGE',
}

/** A row error as the error body's details carry it: `field` is the column, for generic clients. */
export type RowErrorDetail = FieldError & ImportRowError;

export class ImportException extends DomainException {
  static rowsInvalid(errors: ImportRowError[], errorCount: number): ImportRowsInvalid {
    return new ImportRowsInvalid(errors, errorCount);
  }

  static malformed(message: string): ImportException {
    return new ImportException(400, ImportErrorCode.MalformedUpload, message);
  }

  static notMultipart(): ImportException {
    return new ImportException(
      415,
      CommonErrorCode.UnsupportedMediaType,
      'Send the file as multipart/form-data, in a part named file',
    );
  }

  static fileMissing(): ImportException {
    return new ImportException(
      400,
      ImportErrorCode.FileMissing,
      'The form has no file: send it in a part named file',
      [{ field: 'file', message: 'is required' }],
    );
  }

  static unsupportedType(filename: string): ImportException {
    return new ImportException(
      415,
      CommonErrorCode.UnsupportedMediaType,
      `${filename} is neither .csv nor .xlsx (save an .xls sheet as .xlsx first)`,
    );
  }

  static unreadable(filename: string, why: string): ImportException {
    return new ImportException(400, ImportErrorCode.FileUnreadable, `${filename} ${why}`);
  }

  static tooLarge(limitBytes: number): ImportException {
    return new ImportException(
      413,
      ImportErrorCode.FileTooLarge,
      `The file is larger than the ${limitBytes / 1024 / 1024} MB limit of an import`,
    );
  }
}

/** Rows (or the header) are wrong: 422 with every error listed (up to 10,000), nothing written. */
export class ImportRowsInvalid extends ImportException {
  constructor(
    readonly rows: ImportRowError[],
    readonly errorCount: number,
  ) {
    const shown = errorCount > rows.length ? ` (the first ${rows.length} are listed)` : '';
    const details: RowErrorDetail[] = rows.map((e) => ({ field: e.column, ...e }));
    super(
      422,
      ImportErrorCode.RowsInvalid,
      `The file has ${errorCount} error${errorCount === 1 ? '' : 's'}${shown}; nothing was imported`,
      details,
    );
  }
}
