/** Worker thread: runs the pipeline over the batches the pool sends, answers with results in the same order. */
import { parentPort } from 'node:worker_threads';
import type { InputDocument } from '../model/index.js';
import { runBatch } from './run.js';

interface Job {
  id: number;
  docs: InputDocument[];
}

parentPort?.on('message', (job: Job) => {
  parentPort?.postMessage({ id: job.id, results: runBatch(job.docs) });
});
