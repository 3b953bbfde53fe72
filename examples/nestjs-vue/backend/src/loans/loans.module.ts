import { DynamicModule, Module } from '@nestjs/common';
import { BooksModule } from '../books/books.module';
import { LoansController } from './loans.controller';
import { LOANS_OPTIONS, LoansOptions, LoansService } from './loans.service';

@Module({})
export class LoansModule {
  static forRoot(options: LoansOptions): DynamicModule {
    return {
      module: LoansModule,
      imports: [BooksModule],
      controllers: [LoansController],
      providers: [LoansService, { provide: LOANS_OPTIONS, useValue: options }],
    };
  }
}
