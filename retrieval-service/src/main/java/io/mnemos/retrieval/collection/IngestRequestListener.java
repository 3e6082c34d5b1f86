package io.mnemos.retrieval.collection;

import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.DocumentIngestRequested;
import io.mnemos.messaging.NonRetriableEventException;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import io.mnemos.web.problem.FieldViolation;
import io.mnemos.web.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Ingestion requests arriving over Kafka ({@code retrieval.document.ingest.requested} on {@link
 * Topics#RETRIEVAL_REQUESTS}): the same validation and write path as HTTP, run once per event id by {@link
 * IdempotentConsumer} (the processed id, the document rows and the outbox events commit together). Requests that can
 * never succeed (invalid document, unknown collection without {@code createCollection}) go to the dead-letter topic at
 * once; others (the model or the database failing) are retried, then dead-lettered.
 */
@Component
class IngestRequestListener {
    static final String CONSUMER = "retrieval.ingest-requests";
    private static final Logger log = LoggerFactory.getLogger(IngestRequestListener.class);

    private final IdempotentConsumer consumer;
    private final CollectionService collections;
    private final RetrievalProperties props;

    IngestRequestListener(IdempotentConsumer consumer, CollectionService collections, RetrievalProperties props) {
        this.consumer = consumer;
        this.collections = collections;
        this.props = props;
    }

    @KafkaListener(topics = Topics.RETRIEVAL_REQUESTS, groupId = "retrieval-service")
    void on(ConsumerRecord<String, String> record) {
        consumer.process(CONSUMER, record, envelope -> {
            if (!"retrieval.document.ingest.requested".equals(envelope.type())) {
                return; // other request types are not ours (yet)
            }
            DocumentIngestRequested req = consumer.payload(envelope, DocumentIngestRequested.class);
            String tenant = envelope.tenant();
            DocumentInput doc = new DocumentInput(req.documentId(), req.title(), req.text(), req.metadata());
            try {
                Inputs.tenant(tenant);
                Inputs.collectionName(req.collection(), "collection");
                List<FieldViolation> errors = new ArrayList<>();
                Inputs.document(doc, "document", props.limits(), errors);
                if (!errors.isEmpty()) {
                    throw RetrievalProblems.invalid(errors);
                }
                Collection c = req.createCollection()
                        ? collections.getOrCreate(tenant, req.collection())
                        : collections.require(tenant, req.collection());
                collections.ingest(tenant, c, List.of(BulkIngestions.toNew(doc)), "kafka", null);
                log.debug(
                        "event {}: document '{}' indexed in collection '{}' of tenant {}",
                        envelope.id(),
                        req.documentId(),
                        req.collection(),
                        tenant);
            } catch (ProblemException e) {
                if (e.getStatusCode().is4xxClientError()) {
                    throw new NonRetriableEventException(
                            "ingest request " + envelope.id() + " for document '" + req.documentId() + "' refused: "
                                    + e.getBody().getDetail() + describe(e),
                            e);
                }
                throw e;
            }
        });
    }

    private static String describe(ProblemException e) {
        Object errors = e.getBody().getProperties() == null
                ? null
                : e.getBody().getProperties().get("errors");
        if (errors instanceof List<?> list) {
            return " " + list.stream().map(Object::toString).collect(Collectors.joining("; "));
        }
        return "";
    }
}
