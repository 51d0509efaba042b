/** Every BullMQ queue of the service. Keys in Redis are `<QUEUE_PREFIX>:<queue>:…`. */
export enum QueueName {
  Reminders = 'reminders',
  Supervision = 'supervision',
  Reports = 'reports',
  Assessment = 'assessment',
  Email = 'email',
  Imports = 'imports',
  Dashboards = 'dashboards',
}
