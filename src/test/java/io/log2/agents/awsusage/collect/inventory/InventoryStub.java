package io.log2.agents.awsusage.collect.inventory;

import java.io.IOException;
import java.net.URI;

/**
 * An EC2, RDS and S3 endpoint answering the inventory calls from the recordings (and the savings collector's
 * DescribeAddresses from its fixture), for tests outside this package.
 */
public final class InventoryStub implements AutoCloseable {

    private final StubAws stub;

    public InventoryStub() throws IOException {
        stub = new StubAws();
        InventoryCollectorTest.serveRecordedEc2AndRds(stub);
        InventoryCollectorTest.serveBuckets(stub);
        SavingsRecordings.answerAddresses(stub);
    }

    public URI endpoint() {
        return stub.endpoint();
    }

    @Override
    public void close() {
        stub.close();
    }
}
