package org.salus.demo.internal;

import java.util.List;

/** A mixed international list of given and family names, and fictitious streets and towns. */
final class Names {

    static final List<String> FEMALE = List.of("Amina", "Fatima", "Grace", "Mei", "Priya", "Sofía", "Aisha", "María", "Olga", "Yuki",
            "Chiamaka", "Nadia", "Ana", "Leila", "Esther", "Mariam", "Wanjiru", "Thandiwe", "Hanna", "Ingrid", "Zoë", "Adjoa", "Akosua",
            "Ama", "Beatriz", "Chloé", "Dilnoza", "Elif", "Fiona", "Hiba", "Imani", "Ji-woo", "Kamala", "Lakshmi", "Lucía", "Nkechi",
            "Nomvula", "Rukhsana", "Saanvi", "Salma", "Siew Ling", "Tatiana", "Thi Lan", "Valentina", "Wairimu", "Yasmin", "Zainab",
            "Agnieszka", "Abebech", "Mercy");

    static final List<String> MALE = List.of("Kwame", "Juan", "Mohammed", "Wei", "Arjun", "Luca", "Omar", "Ivan", "Kofi", "Tunde",
            "Carlos", "Hiroshi", "Ahmed", "David", "Emmanuel", "Samuel", "Musa", "José", "Tomasz", "Raj", "Chinedu", "Dawit", "Diego",
            "Emeka", "Farhan", "Gustavo", "Hamza", "Ibrahim", "Jin", "Kaveh", "Kenji", "Mandla", "Mateo", "Minh", "Moses", "Nikolai",
            "Oluwaseun", "Pedro", "Rahul", "Sipho", "Søren", "Tariq", "Thabo", "Tiago", "Vikram", "Yaw", "Yusuf", "Jun", "Baraka",
            "Joseph");

    static final List<String> FAMILY = List.of("Okafor", "Mensah", "Nguyen", "García", "Kim", "Patel", "Hassan", "Silva", "Kowalski",
            "Müller", "Otieno", "Banda", "Mwangi", "Diallo", "Traoré", "Haddad", "Rossi", "Santos", "Chen", "Wang", "Singh", "Ali",
            "Khan", "Abebe", "Tesfaye", "Nkosi", "Dlamini", "Kamau", "Achieng", "Osei", "Boateng", "Sato", "Tanaka", "Cohen", "Ahmed",
            "Yılmaz", "Popescu", "Novák", "Jensen", "O'Brien", "Murphy", "Smith", "Johnson", "Dubois", "Martin", "López", "Hernández",
            "Pérez", "Fernandes", "Costa", "Ferreira", "Nowak", "Ivanov", "Petrova", "Adeyemi", "Eze", "Okonkwo", "Mutua", "Phiri",
            "Moyo", "Sithole", "Kariuki", "Njoroge", "Nakamura", "Park", "Lee", "Tran", "Pham", "Gupta", "Sharma", "Reddy", "Rahman",
            "Hussain", "Mahmoud", "Farouk", "Mendes", "González", "Rodríguez", "Andersson", "Nielsen", "Schmidt", "Weber",
            "Kovačević", "Horvat", "Ncube", "Zulu", "Kaya", "Demir", "Asante", "Bello");

    static final List<String> STREETS = List.of("Market Street", "Station Road", "Hospital Road", "Mission Lane", "Church Road",
            "School Lane", "Rua das Flores", "Avenida da Paz", "Uhuru Street", "Independence Avenue", "Lake Road", "Hill Crescent",
            "Mango Lane", "Baobab Close", "Rue du Marché", "Calle Mayor");

    static final List<String> TOWNS = List.of("Riverside", "Hillview", "Lakeside", "Greenfield", "Eastbrook", "Westbury", "Northgate",
            "Stonebridge", "Palm Grove", "Red Hill", "Twin Rivers", "Cedar Valley");

    private Names() {
    }
}
