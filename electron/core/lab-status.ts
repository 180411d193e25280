import { LAB_OFF, type LabStatus } from '../../shared/lab';
import type { EventBus } from './event-bus';

/**
 * What the app knows about its built-in lab. The lab itself is started by the shells (it sits
 * above core in the layering); they report here, and the renderer hears it as `lab.state`.
 */
export class LabStatusBoard {
  private status: LabStatus = LAB_OFF;

  constructor(private readonly bus: EventBus) {}

  /** The current state. */
  get(): LabStatus {
    return this.status;
  }

  /** Changes some fields and publishes the result. */
  update(patch: Partial<LabStatus>): void {
    this.status = { ...this.status, ...patch };
    this.bus.publish('lab.state', this.status);
  }
}
