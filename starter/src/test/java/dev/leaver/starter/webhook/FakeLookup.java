package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.EmployeeLookup;
import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.HrisUnavailable;
import java.util.HashMap;
import java.util.Map;

/** An HRIS API with the records it is given; can be told to be down. */
final class FakeLookup implements EmployeeLookup {
  private final Map<String, EmployeeRecord> records = new HashMap<>();
  private boolean down;
  private int calls;

  FakeLookup with(EmployeeRecord record) {
    records.put(record.employeeId(), record);
    return this;
  }

  void down(boolean down) {
    this.down = down;
  }

  int calls() {
    return calls;
  }

  @Override
  public synchronized EmployeeRecord employee(String employeeId) throws HrisUnavailable {
    calls++;
    if (down) {
      throw new HrisUnavailable("HRIS API answered 503 (test)", null);
    }
    return records.get(employeeId);
  }
}
