import { Module } from '@nestjs/common';
import { AuthorsModule } from './authors/authors.module';
import { BooksModule } from './books/books.module';
import { HealthController } from './health/health.controller';
import { LoansModule } from './loans/loans.module';

@Module({
  imports: [
    BooksModule,
    AuthorsModule,
    LoansModule.forRoot({ maxLoansPerReader: 3 }),
  ],
  controllers: [HealthController],
})
export class AppModule {}
