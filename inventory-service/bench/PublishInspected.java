import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes one server.inspected per server id (file, one a line) on provisioning.servers, as provisioning would. */
public class PublishInspected {
    public static void main(String[] args) throws Exception {
        List<String> ids = Files.readAllLines(Path.of(args[1]));
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("linger.ms", "5");
        props.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String id : ids) {
                String data = "{\"serverId\":\"" + id + "\",\"inspectedAt\":\"" + Instant.now() + "\",\"hardwareSpecs\":{"
                        + "\"cpu\":{\"model\":\"AMD EPYC 7763\",\"sockets\":2,\"cores\":128,\"threads\":256},"
                        + "\"ram\":{\"totalGiB\":1024},\"gpu\":{\"count\":8,\"model\":\"NVIDIA H100 80GB\"}}}";
                ProducerRecord<String, String> r = new ProducerRecord<>("provisioning.servers", id, data);
                r.headers().add("ce_specversion", b("1.0")).add("ce_id", b(UUID.randomUUID().toString()))
                        .add("ce_type", b("server.inspected")).add("ce_source", b("urn:metalfleet:provisioning-service"))
                        .add("ce_subject", b(id)).add("ce_time", b(Instant.now().toString()))
                        .add("content-type", b("application/json"));
                producer.send(r);
            }
            producer.flush();
        }
        System.out.println("published " + ids.size());
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
