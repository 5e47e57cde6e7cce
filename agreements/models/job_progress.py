"""What the background jobs' progress pages read (ExportJob, ImportJob): whether the job has
finished and how far it has come, from its `state`, `done` and `total`."""


class JobProgress:
    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
