import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class JobAccepted {
  @ApiProperty({ format: 'uuid', description: 'Follow it at GET /api/v1/jobs/{jobId}' })
  jobId: string;
}

export class JobStatusView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'weekly-report' })
  name: string;

  @ApiProperty({ example: 'reports' })
  queue: string;

  @ApiProperty({
    enum: ['pending', 'waiting', 'delayed', 'active', 'completed', 'failed', 'unknown'],
    description: 'pending: not yet handed to the queue (e.g. while Redis is unreachable)',
  })
  state: string;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ nullable: true, type: Date })
  dispatchedAt: Date | null;

  @ApiProperty()
  attemptsMade: number;

  @ApiPropertyOptional({ type: Object, description: 'What the job returned, once completed' })
  result?: unknown;

  @ApiPropertyOptional()
  failedReason?: string;

  @ApiPropertyOptional()
  finishedAt?: Date;
}
